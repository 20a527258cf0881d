package entity_test

import (
	"fmt"

	"github.com/vnsearch/vnsearch/entity"
)

// The entity snippet of the README, which readme_test.go at the module
// root keeps equal to the text between the README markers below.
func Example_readme() {
	// README begin
	x := entity.New()
	for _, m := range x.Extract("Tổng Bí thư Tô Lâm nhấn mạnh Nghị quyết 57/NQ-TW.") {
		fmt.Printf("%s %s (%s)\n", m.Type, m.ID, m.Text)
	}
	// README end

	// Output:
	// PERSON Tô Lâm (Tô Lâm)
	// RESOLUTION 57-NQ/TW (Nghị quyết 57/NQ-TW)
}
