-- The registry schema for `wrangler d1 migrations apply`. Keep identical in effect to
-- registry/src/db/migrations.ts (test/migrations.test.ts compares them).

CREATE TABLE registrations (
  id TEXT PRIMARY KEY,
  qualification_name TEXT NOT NULL,
  qualification_id TEXT,
  kind_code TEXT,
  holder_name TEXT NOT NULL,
  holder_code TEXT,
  birth_date TEXT NOT NULL,
  registration_number TEXT NOT NULL,
  registration_date TEXT NOT NULL,
  issuing_body TEXT NOT NULL,
  issuer_name TEXT,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked', 'deleted')),
  status_changed_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE status_lists (
  id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  next_index INTEGER DEFAULT 0 NOT NULL,
  version INTEGER DEFAULT 0 NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE signers (
  kid TEXT PRIMARY KEY,
  alg TEXT NOT NULL,
  certificate_pem TEXT NOT NULL,
  serial_number TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revocation_reason TEXT
);

CREATE TABLE certificates (
  id TEXT PRIMARY KEY,
  registration_id TEXT NOT NULL REFERENCES registrations (id),
  kid TEXT NOT NULL REFERENCES signers (kid),
  alg TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  status_list_id INTEGER NOT NULL REFERENCES status_lists (id),
  status_index INTEGER NOT NULL,
  superseded_by TEXT REFERENCES certificates (id),
  superseded_at TEXT,
  url TEXT NOT NULL,
  record_json TEXT NOT NULL,
  CONSTRAINT certificates_status_entry UNIQUE (status_list_id, status_index)
);

CREATE INDEX certificates_registration ON certificates (registration_id);

CREATE TABLE status_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  registration_id TEXT NOT NULL REFERENCES registrations (id),
  at TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT,
  actor TEXT NOT NULL
);

CREATE INDEX status_history_registration ON status_history (registration_id, id);

CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history
  BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END;

CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
  BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END;

CREATE TABLE crls (
  number INTEGER PRIMARY KEY,
  this_update TEXT NOT NULL,
  next_update TEXT NOT NULL,
  der_base64 TEXT NOT NULL
);
