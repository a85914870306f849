"""The paper outputs of a dossier: the slips of Circular 03/2025/TT-VPCP (forms 01–06), the register
book (form 07), the result PDF, and the QR code printed on all of them.

:mod:`.forms` reads a dossier into plain data; :mod:`.slips`, :mod:`.result_pdf` and the XLSX of
:mod:`.register_book` are pure renderers of that data; :mod:`.slip_seal` signs the slips with the
issuing agency's seal; :mod:`.qr` says what the QR code holds and draws it.
"""
