"""Safe handover (受け渡し, layer 4): seal for the vendor, the ledger (管理簿), erasure with a certificate.

The modules, each usable on its own by other ward tools:

* ``addrjp.handover.keys`` — ``generate_keypair(prefix)``, ``load_recipient``, ``load_identity`` (age X25519);
* ``addrjp.handover.signing`` — the ward's Ed25519 signing key and signatures (minisign format);
* ``addrjp.handover.seal`` — ``seal_directory(dir, out, recipient=... | zip_aes=True, sign_key=...)`` and
  ``open_package(package, out, identity=... | password=..., ward_key= | expect_sha256= | ledger=...)``;
* ``addrjp.handover.origin`` — is this the package the ward sent (signature, recorded SHA-256, ledger)?
* ``addrjp.handover.unpack`` — reading a package's members as a bounded stream, refusing what is out of place;
* ``addrjp.handover.received`` — the receipt record (``handover.json``) that ``open`` writes;
* ``addrjp.handover.package`` — which files travel (``mailing.csv``, ``manifest.json``) and which stay;
* ``addrjp.handover.ledger`` — ``Ledger(path).add_package(...)``, ``.add(...)``, ``.verify()``;
  ``addrjp.handover.ledger_print`` — its CSV (Excel) and printable HTML;
* ``addrjp.handover.erasable`` — what ``erase`` may erase, proven before anything is touched;
* ``addrjp.handover.erase`` — ``erase_directory(dir, certificate, ...)``;
* ``addrjp.handover.certificate`` — the ward's check of a returned certificate, ``record_certificate``;
* ``addrjp.handover.dates`` (JST and 和暦), ``addrjp.handover.temporaries`` (addrjp's marked temporaries).

The procedure for ward staff and the vendor is in ``docs/handover.md``.
"""
