package entity_test

import (
	"fmt"

	"github.com/vnsearch/vnsearch/entity"
)

func ExampleExtractor_Extract() {
	ex := entity.New()
	for _, m := range ex.Extract("Tổng Bí thư Tô Lâm thăm Hàn Quốc; ông Lâm nhắc tới Nghị quyết 57-NQ/TW.") {
		fmt.Printf("%s %q %s\n", m.Type, m.Text, m.ID)
	}
	// Output:
	// PERSON "Tô Lâm" Tô Lâm
	// COUNTRY "Hàn Quốc" KR
	// PERSON "Lâm" Tô Lâm
	// RESOLUTION "Nghị quyết 57-NQ/TW" 57-NQ/TW
}
