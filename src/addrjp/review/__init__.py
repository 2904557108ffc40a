"""The review loop (確認と判断): the ward's decisions on flagged rows, recorded and applied by the next run.

``addrjp clean`` flags rows (``review``, ``hold``); a person looks at them in the review page (確認画面,
``report.html``, :mod:`addrjp.review.page`) and decides; the page saves the decisions file (判断記録,
:mod:`addrjp.review.decisions`), and ``addrjp clean --decisions FILE`` applies it, each decision tied to the
fingerprint of the input row it was made on.
"""
