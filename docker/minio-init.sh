#!/bin/sh
# One-shot set-up of MinIO for the portal (docker-compose.yml, service "minio-init", image
# minio/mc): the private bucket, and the portal's own access key allowed that bucket only.
# Safe to run again: every step creates or updates.
set -eu

: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
: "${STORAGE_S3_BUCKET:?}" "${STORAGE_S3_ACCESS_KEY:?}" "${STORAGE_S3_SECRET_KEY:?}"
POLICY=portal-storage

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" > /dev/null

# Private: no anonymous access at all. Files leave only through the portal's views, which check
# who may and write the DOWNLOAD audit row.
mc mb --ignore-existing "local/$STORAGE_S3_BUCKET"
mc anonymous set none "local/$STORAGE_S3_BUCKET"

# What django-storages needs, on this bucket only: read, write, delete, list (names are checked
# before a write, never overwritten) and multipart uploads (files above 8 MiB).
printf '%s\n' "{
  \"Version\": \"2012-10-17\",
  \"Statement\": [
    {
      \"Effect\": \"Allow\",
      \"Action\": [\"s3:GetBucketLocation\", \"s3:ListBucket\", \"s3:ListBucketMultipartUploads\"],
      \"Resource\": [\"arn:aws:s3:::$STORAGE_S3_BUCKET\"]
    },
    {
      \"Effect\": \"Allow\",
      \"Action\": [\"s3:GetObject\", \"s3:PutObject\", \"s3:DeleteObject\",
                 \"s3:AbortMultipartUpload\", \"s3:ListMultipartUploadParts\"],
      \"Resource\": [\"arn:aws:s3:::$STORAGE_S3_BUCKET/*\"]
    }
  ]
}" > /tmp/portal-policy.json
mc admin policy create local "$POLICY" /tmp/portal-policy.json

# The portal's key (STORAGE_S3_ACCESS_KEY / STORAGE_S3_SECRET_KEY), never the root account.
mc admin user add local "$STORAGE_S3_ACCESS_KEY" "$STORAGE_S3_SECRET_KEY"
# Attaching a policy the user already has is refused as "already in effect": check the result.
mc admin policy attach local "$POLICY" --user "$STORAGE_S3_ACCESS_KEY" 2> /dev/null || true
# (Shell only: the mc image has no grep.)
info=$(mc admin user info local "$STORAGE_S3_ACCESS_KEY")
case "$info" in
    *"$POLICY"*) ;;
    *)
        echo "The key $STORAGE_S3_ACCESS_KEY does not have the policy $POLICY:" >&2
        echo "$info" >&2
        exit 1
        ;;
esac

echo "MinIO ready: private bucket $STORAGE_S3_BUCKET, key $STORAGE_S3_ACCESS_KEY ($POLICY)."
