package backend

import (
	"bytes"
	"hash/maphash"

	bolt "go.etcd.io/bbolt"
)

// Changes are prepared outside the write transaction so that their CPU
// work (routing, encoding JSON) runs on every core in parallel, and the
// single writer only checks and copies bytes. A prepared change remembers
// everything it read; when the writer applies it, it re-reads those keys in
// the write transaction and, if any differs (another change touched the
// same conversation meanwhile), throws the preparation away and runs the
// change again inside the transaction. Either way the outcome is exactly
// what running it in the transaction would have produced.

// prepKV is a kv over a read-only transaction that buffers writes (and
// reads them back) and records what it read.
type prepKV struct {
	tx     *bolt.Tx
	seed   maphash.Seed
	ops    []kvOp
	byKey  map[string]int // bucket 0 key → index in ops
	reads  []kvRead
	scans  []kvScan
	unsafe bool // a scan met the change's own writes: not validated, run in the transaction
}

type kvOp struct {
	bucket, key, value []byte
	del                bool
}

type kvRead struct {
	bucket, key, value []byte
	present            bool
}

type kvScan struct {
	bucket, prefix []byte
	digest         uint64
	n              int
}

func newPrepKV(tx *bolt.Tx, seed maphash.Seed) *prepKV {
	return &prepKV{tx: tx, seed: seed, byKey: map[string]int{}}
}

func opKey(bucket, key []byte) string { return string(bucket) + "\x00" + string(key) }

func (p *prepKV) get(b, k []byte) []byte {
	if i, ok := p.byKey[opKey(b, k)]; ok {
		if p.ops[i].del {
			return nil
		}
		return p.ops[i].value
	}
	v := p.tx.Bucket(b).Get(k)
	p.reads = append(p.reads, kvRead{bucket: b, key: bytes.Clone(k), value: bytes.Clone(v), present: v != nil})
	return v
}

// put and del keep k and v (kv's contract: the caller hands them over).
func (p *prepKV) put(b, k, v []byte) error {
	p.record(kvOp{bucket: b, key: k, value: v})
	return nil
}

func (p *prepKV) del(b, k []byte) error {
	p.record(kvOp{bucket: b, key: k, del: true})
	return nil
}

func (p *prepKV) record(op kvOp) {
	key := opKey(op.bucket, op.key)
	if i, ok := p.byKey[key]; ok {
		p.ops[i] = op
		return
	}
	p.byKey[key] = len(p.ops)
	p.ops = append(p.ops, op)
}

func (p *prepKV) scan(b, prefix []byte, fn func(k, v []byte) bool) {
	for _, op := range p.ops {
		if bytes.Equal(op.bucket, b) && bytes.HasPrefix(op.key, prefix) {
			p.unsafe = true // merging own writes into a scan is not supported
		}
	}
	digest, n := scanDigest(p.tx, p.seed, b, prefix, fn)
	p.scans = append(p.scans, kvScan{bucket: b, prefix: bytes.Clone(prefix), digest: digest, n: n})
}

// scanDigest hashes every key and value under prefix (calling fn on them
// while it wants more).
func scanDigest(tx *bolt.Tx, seed maphash.Seed, b, prefix []byte, fn func(k, v []byte) bool) (uint64, int) {
	var h maphash.Hash
	h.SetSeed(seed)
	n := 0
	more := fn != nil
	c := tx.Bucket(b).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		h.Write(k)
		h.WriteByte(0)
		h.Write(v)
		h.WriteByte(0)
		n++
		if more {
			more = fn(k, v)
		}
	}
	return h.Sum64(), n
}

// valid reports whether everything the preparation read is unchanged in tx.
func (p *prepKV) valid(tx *bolt.Tx) bool {
	if p.unsafe {
		return false
	}
	for _, r := range p.reads {
		v := tx.Bucket(r.bucket).Get(r.key)
		if (v != nil) != r.present || !bytes.Equal(v, r.value) {
			return false
		}
	}
	for _, s := range p.scans {
		if d, n := scanDigest(tx, p.seed, s.bucket, s.prefix, nil); d != s.digest || n != s.n {
			return false
		}
	}
	return true
}

// apply writes the buffered changes into tx, in order.
func (p *prepKV) apply(tx *bolt.Tx) error {
	for _, op := range p.ops {
		b := tx.Bucket(op.bucket)
		if op.del {
			if err := b.Delete(op.key); err != nil {
				return err
			}
		} else if err := b.Put(op.key, op.value); err != nil {
			return err
		}
	}
	return nil
}

// prepared is a change prepared outside the write transaction.
type prepared struct {
	w       *writeTx
	kv      *prepKV
	dir     *directory
	records *recordIndex
	gen     uint64
}

// applyPrepared applies p in tx if nothing it depends on changed since it
// was prepared (store reads, the directory, the record index) and reports
// whether it did; on false the caller runs the change in tx instead.
func (s *Service) applyPrepared(tx *bolt.Tx, p *prepared) (bool, error) {
	if p == nil {
		return false, nil
	}
	if s.dir.Load() != p.dir || s.records != p.records || p.records.generation() != p.gen || !p.kv.valid(tx) {
		s.preparedRedone.Add(1)
		return false, nil
	}
	s.preparedApplied.Add(1)
	if err := p.kv.apply(tx); err != nil {
		return false, err
	}
	for i, body := range p.w.encoded {
		seq, err := appendEncoded(tx, body, s.maxEvents)
		if err != nil {
			return false, err
		}
		p.w.events[i].Seq = seq
	}
	p.w.tx = tx
	return true, nil
}
