"""The mailing job (layer 4): batch pipeline on polars, the mailing file, manifest, report, customer barcode."""
