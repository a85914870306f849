"""The applicant's personal e-data store (kho quản lý dữ liệu điện tử), kept by motcua itself."""
