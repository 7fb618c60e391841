package backend

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// kv is what the store helpers read and write through: a bbolt transaction
// (txKV), or a change being prepared outside the write transaction
// (prepKV, see prepare.go). put and del take ownership of their key and
// value (as bbolt does until the commit): pass slices nobody reuses. A
// value returned by get is only valid until the transaction ends.
type kv interface {
	get(bucket, key []byte) []byte
	put(bucket, key, value []byte) error
	del(bucket, key []byte) error
	// scan calls fn for each key under prefix, in order, until fn says stop.
	scan(bucket, prefix []byte, fn func(k, v []byte) bool)
}

// txKV is a kv over a bbolt transaction (read-only for reads).
type txKV struct{ tx *bolt.Tx }

func (t txKV) get(b, k []byte) []byte   { return t.tx.Bucket(b).Get(k) }
func (t txKV) put(b, k, v []byte) error { return t.tx.Bucket(b).Put(k, v) }
func (t txKV) del(b, k []byte) error    { return t.tx.Bucket(b).Delete(k) }
func (t txKV) scan(b, p []byte, fn func(k, v []byte) bool) {
	c := t.tx.Bucket(b).Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if !fn(k, v) {
			return
		}
	}
}

func kvGetJSON(r kv, bucket []byte, key string, v any) (bool, error) {
	raw := r.get(bucket, []byte(key))
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("decode %s/%s: %w", bucket, key, err)
	}
	return true, nil
}

func kvPutJSON(r kv, bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s/%s: %w", bucket, key, err)
	}
	return r.put(bucket, key, raw)
}
