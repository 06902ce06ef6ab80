package cli

// CellWidth is cellWidth for the tests of package cli_test.
var CellWidth = cellWidth
