from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "motcua.registry"
    label = "registry"
    verbose_name = "Dữ liệu dùng chung"

    def ready(self) -> None:
        from motcua.core.outbox import register_periodic
        from motcua.registry.contrib.business.plugin import BusinessRegistry
        from motcua.registry.contrib.data_store.plugin import DataStoreRegistry
        from motcua.registry.contrib.population.plugin import PopulationRegistry
        from motcua.registry.plugins import registry_plugin_register
        from motcua.registry.services import registry_purge_drafts

        registry_plugin_register(PopulationRegistry())
        registry_plugin_register(BusinessRegistry())
        registry_plugin_register(DataStoreRegistry())
        # Data fetched for abandoned drafts must not outlive its retention by more than an hour.
        register_periodic("registry.purge_drafts", registry_purge_drafts, every_seconds=3600)
