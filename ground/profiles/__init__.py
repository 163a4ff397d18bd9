"""Site profiles: everything that differs between portals, as data (one TOML file a portal)."""
