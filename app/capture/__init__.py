"""The station workflow: session, scans, environmental context and the capture rules; no Qt."""
