"""National Population Database (Cơ sở dữ liệu quốc gia về dân cư): a person by personal ID."""
