package analyze

import (
	"fmt"
	"io"
)

// MergeModels writes to w the Model that ReadFrom of every input, into one
// Model, and then WriteTo would write, byte for byte, without making that
// Model: it merges the sorted words and trigrams of the inputs as it reads
// them, which takes a fraction of the time and memory. The inputs are
// Models that WriteTo wrote; for one that is not, the error wraps
// ErrBadModel. It returns the bytes written.
func MergeModels(w io.Writer, rs ...io.Reader) (int64, error) {
	mrs := make([]*modelReader, len(rs))
	for i, r := range rs {
		mr, err := openModel(r)
		if err != nil {
			return 0, fmt.Errorf("model %d: %w", i, err)
		}
		mrs[i] = mr
	}
	// The words of all inputs, in order. An input's words are a subset of
	// them in the same order, so its trigrams keep their order numbered
	// as the merged words are.
	var words []string
	renum := make([]renumbering, len(mrs))
	at := make([]int, len(mrs)) // the next word of each input
	for i, mr := range mrs {
		renum[i] = make(renumbering, len(mr.words)+2)
		renum[i][bos], renum[i][eos] = bos, eos
	}
	for {
		next := -1
		for i, mr := range mrs {
			if at[i] < len(mr.words) && (next < 0 || mr.words[at[i]] < mrs[next].words[at[next]]) {
				next = i
			}
		}
		if next < 0 {
			break
		}
		word := mrs[next].words[at[next]]
		if word == "<s>" || word == "</s>" {
			return 0, fmt.Errorf("model %d: %w: word %q", next, ErrBadModel, word)
		}
		if len(words) == maxWords-2 {
			return 0, fmt.Errorf("analyze: the models hold more than %d words", maxWords-2)
		}
		words = append(words, word)
		for i, mr := range mrs {
			if at[i] < len(mr.words) && mr.words[at[i]] == word {
				renum[i][at[i]+2] = uint32(len(words) + 1)
				at[i]++
			}
		}
	}
	// the next trigram of each input, the least first
	var h trigramHeap
	var total uint64
	for i, mr := range mrs {
		total += mr.left
		t, ok, err := mr.next()
		if err != nil {
			return 0, fmt.Errorf("model %d: %w", i, err)
		}
		if ok {
			h = append(h, headCount{renum[i].of(t), i})
		}
	}
	h.init()
	ts := make([]count, 0, min(total, 1<<22))
	for len(h) > 0 {
		top := h[0]
		if n := len(ts); n > 0 && ts[n-1].t == top.t {
			ts[n-1].n += top.n
		} else {
			ts = append(ts, top.count)
		}
		t, ok, err := mrs[top.from].next()
		if err != nil {
			return 0, fmt.Errorf("model %d: %w", top.from, err)
		}
		if ok {
			h[0].count = renum[top.from].of(t)
		} else {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		h.down(0)
	}
	return writeModel(w, words, ts)
}

// renumbering maps the word IDs of an input of MergeModels to the merged
// ones.
type renumbering []uint32

// of returns t with its words numbered as the merged ones are.
func (r renumbering) of(t count) count {
	a, b, c := un3(t.t)
	return count{k3(r[a], r[b], r[c]), t.n}
}

// headCount is the next trigram of an input of MergeModels.
type headCount struct {
	count
	from int // the input
}

// trigramHeap is a binary min-heap of the next trigrams of the inputs, by
// key.
type trigramHeap []headCount

func (h trigramHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// down moves h[i] down to its place.
func (h trigramHeap) down(i int) {
	for {
		least := i
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(h) && h[c].t < h[least].t {
				least = c
			}
		}
		if least == i {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}
