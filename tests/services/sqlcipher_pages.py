"""Decrypting every page of an SQLCipher 4 file or WAL with the raw key, free pages included.

`sqlcipher_export` copies live rows only; a byte search of the decrypted pages also sees freed
space and old page images, which is where deleted text would linger without secure_delete.
SQLCipher 4 defaults: 4096-byte pages, AES-256-CBC, 80 reserved bytes at the end of each page
(16-byte IV, then the HMAC); page 1 starts with the 16-byte salt, stored in the clear.
"""

from __future__ import annotations

import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def decrypt_page(page: bytes, number: int, key: bytes) -> bytes:
    start = SALT if number == 1 else 0
    iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start:PAGE - RESERVE]) + decryptor.finalize()


def database_plaintext(path: Path, key: bytes) -> bytes:
    blob = path.read_bytes()
    pages = [decrypt_page(blob[i:i + PAGE], i // PAGE + 1, key)
             for i in range(0, len(blob), PAGE)]
    first = pages[0]
    # The SQLite header after the salt: page size 4096 and the reserve, proving the key.
    assert first[0:2] == struct.pack(">H", PAGE) and first[4] == RESERVE, "wrong key or format"
    return b"".join(pages)


def wal_plaintext(path: Path, key: bytes) -> bytes:
    if not path.exists():
        return b""
    blob = path.read_bytes()
    out = []
    for offset in range(WAL_HEADER, len(blob) - FRAME_HEADER - PAGE + 1, FRAME_HEADER + PAGE):
        number = struct.unpack(">I", blob[offset:offset + 4])[0]
        frame = blob[offset + FRAME_HEADER:offset + FRAME_HEADER + PAGE]
        out.append(decrypt_page(frame, number, key))
    return b"".join(out)
