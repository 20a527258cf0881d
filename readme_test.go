package vnsearch_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeSnippets keeps the Go snippets of the README equal to the
// examples that run them (Example_readme in index and entity, whose output
// go test checks), and the output the README shows equal to theirs.
func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := codeBlocks(string(readme))
	for _, file := range []string{
		filepath.Join("index", "readme_example_test.go"),
		filepath.Join("entity", "readme_example_test.go"),
	} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		code, output, ok := exampleParts(string(src))
		if !ok {
			t.Fatalf("%s: no README begin/end markers or no Output comment", file)
		}
		if !blocks[code] {
			t.Errorf("README has no code block equal to the snippet of %s:\n%s", file, code)
		}
		if !blocks[output] {
			t.Errorf("README has no block showing the output of %s:\n%s", file, output)
		}
	}
}

// codeBlocks returns the contents of the fenced blocks of a Markdown text.
func codeBlocks(md string) map[string]bool {
	out := map[string]bool{}
	var cur []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			if in {
				out[strings.Join(cur, "\n")] = true
			}
			in, cur = !in, nil
			continue
		}
		if in {
			cur = append(cur, line)
		}
	}
	return out
}

// exampleParts returns the code between the "// README begin" and
// "// README end" lines of an example, one tab of indentation removed,
// and its "// Output:" lines without the comment marks.
func exampleParts(src string) (code, output string, ok bool) {
	lines := strings.Split(src, "\n")
	var c, o []string
	state := 0 // 1 inside the snippet, 2 inside the output
	for _, line := range lines {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "// README begin":
			state = 1
		case trimmed == "// README end":
			state = 0
		case trimmed == "// Output:":
			state = 2
		case state == 1:
			c = append(c, strings.TrimPrefix(line, "\t"))
		case state == 2 && strings.HasPrefix(trimmed, "//"):
			o = append(o, strings.TrimPrefix(strings.TrimPrefix(trimmed, "//"), " "))
		case state == 2:
			state = 0
		}
	}
	if len(c) == 0 || len(o) == 0 {
		return "", "", false
	}
	return strings.Join(c, "\n"), strings.Join(o, "\n"), true
}
