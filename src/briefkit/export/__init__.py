"""Exports of briefs for other systems: STIX 2.1 bundles for threat-intelligence platforms."""
