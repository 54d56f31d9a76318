-- Sessions opened by AuthenticateCertificate for a service slice on a node (Architecture 5.5)
-- carry the slice's name; the session then acts with the rights the service has on that node.
ALTER TABLE sessions ADD COLUMN service_slice VARCHAR(64);
