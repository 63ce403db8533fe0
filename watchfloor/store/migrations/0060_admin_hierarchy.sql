-- The admin hierarchy: admin-2 regions under admin-1 (Burkina Faso's 45 provinces under its 13 regions),
-- events and places carry admin-2 too, and an event whose point lies outside its own country's polygons
-- is flagged 'border' (it takes that country's nearest admin-1, or the source's own admin-1).
ALTER TABLE regions ADD COLUMN parent_id TEXT;          -- level 2: the admin-1 region it lies in
ALTER TABLE events ADD COLUMN admin2_id TEXT;
ALTER TABLE events ADD COLUMN admin2 TEXT;
ALTER TABLE events ADD COLUMN region_flag TEXT;         -- NULL (inside its region) or 'border'
ALTER TABLE places ADD COLUMN admin2_id TEXT;
ALTER TABLE places ADD COLUMN admin2 TEXT;
-- Stores built before this migration hold the boundaries of the time (Burkina Faso's provinces as admin-1):
-- the next `watchfloor init` reloads the bundled boundaries and re-assigns every stored event.
INSERT INTO settings (key, value)
    SELECT 'regions.reassign', '0060_admin_hierarchy' WHERE EXISTS (SELECT 1 FROM regions);
