"""Stores built before the admin hierarchy (migration 0060 marked them: Burkina Faso's provinces as admin-1)
get the bundled boundaries reloaded — Burkina Faso's 13 regions as admin-1 and its 45 provinces as admin-2 —
and every stored event re-assigned, when they are opened (before, only `watchfloor init` did it).
Regions of countries the bundle does not hold (`watchfloor regions load`) are left as they are."""


def upgrade(store):
    from watchfloor.store.reference import reassign_pending
    if not reassign_pending(store):
        return
    from watchfloor.bundled import load_reference
    counts = load_reference(store)
    store.audit("migration.admin_hierarchy", store.path, counts)
