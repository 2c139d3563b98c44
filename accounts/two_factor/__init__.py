"""Two-factor authentication: TOTP enrollment, recovery codes and the second sign-in step.

Built on django-otp: a confirmed ``TOTPDevice`` (an authenticator app) and a
``RecoveryCodeDevice`` (single-use codes, stored hashed) per officer. django-otp's
``OTPMiddleware`` marks a session verified once a code was accepted; ``TwoFactorMiddleware``
keeps an unverified session out of the portal (README, "Security").
"""
