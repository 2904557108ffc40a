"""Safe handover (受け渡し, layer 4): seal for the vendor, the ledger (管理簿), erasure with a certificate.

The modules, each usable on its own by other ward tools:

* ``addrjp.handover.keys`` — ``generate_keypair(prefix)``, ``load_recipient``, ``load_identity`` (age X25519);
* ``addrjp.handover.seal`` — ``seal_directory(dir, out, recipient=... | zip_aes=True)`` and
  ``open_package(package, out, identity=... | password=...)``;
* ``addrjp.handover.package`` — which files travel (``mailing.csv``, ``manifest.json``) and which stay;
* ``addrjp.handover.ledger`` — ``Ledger(path).add_package(...)``, ``.add(...)``, ``.verify()``;
* ``addrjp.handover.erase`` — ``erase_directory(dir, certificate, ...)``.

The procedure for ward staff and the vendor is in ``docs/handover.md``.
"""
