"""The procedure catalogue (danh mục thủ tục hành chính): procedures, versions, components, fees, processes."""
