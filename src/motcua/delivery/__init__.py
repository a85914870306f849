"""Return of results and submission through the public postal service (bưu chính công ích)."""
