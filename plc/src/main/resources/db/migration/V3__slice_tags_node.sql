-- A node's own attribute values are looked up by node when its view is built.
CREATE INDEX slice_tags_node ON slice_tags (node_id);
