"""The header's one search box: cases, requests, extradition files, team tasks and persons."""
