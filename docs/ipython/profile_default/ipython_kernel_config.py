# The site's page kernels: no history database in this folder.
c = get_config()  # noqa: F821
c.HistoryManager.enabled = False
