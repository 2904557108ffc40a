"""Safe handover (layer 4): seal for the vendor, the ledger (管理簿), erasure with a certificate."""
