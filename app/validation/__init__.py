"""Installation and operational qualification of a station: versions, release manifest, IQ/OQ report."""
