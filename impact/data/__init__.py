"""Country data: the CountryData interface, countries, regions, snapshots, the World Bank client and importers."""
