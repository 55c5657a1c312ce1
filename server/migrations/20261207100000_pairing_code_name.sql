-- The name the new device will have, given when the code is made (Settings → Add a device),
-- so two tablets of one browser are not both "Chrome on Linux". NULL: the device names itself.
ALTER TABLE pairing_codes ADD COLUMN device_name TEXT;
