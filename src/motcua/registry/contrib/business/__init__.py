"""National Business Registration Database (Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp)."""
