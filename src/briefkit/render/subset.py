"""Reduce a font to the characters a document uses, for HTML that carries its own fonts.

HarfBuzz's subsetter (``libharfbuzz-subset``, which WeasyPrint already needs for PDFs) does it in
about a millisecond a face; fontTools, the fallback when the library is missing, takes one to two
seconds a face on the Noto fonts, whose layout tables it must decode first. A site build subsets
every page's fonts, so the difference is most of a build's time. The subset is then written as
WOFF2 by fontTools (small input, so fast).
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

_DECLARATIONS = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
void hb_blob_destroy (hb_blob_t *blob);
void hb_face_destroy (hb_face_t *face);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""


@cache
def _harfbuzz() -> tuple[Any, Any, Any] | None:
    """cffi bindings of HarfBuzz and its subsetter, or ``None`` when either library is missing."""
    try:
        from cffi import FFI

        ffi = FFI()
        ffi.cdef(_DECLARATIONS)
        return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    except (ImportError, OSError):
        return None


def _harfbuzz_subset(path: Path, characters: str) -> bytes | None:
    bindings = _harfbuzz()
    if bindings is None:
        return None
    ffi, harfbuzz, subsetter = bindings
    blob = harfbuzz.hb_blob_create_from_file_or_fail(str(path).encode())
    if blob == ffi.NULL:
        return None
    face = harfbuzz.hb_face_create(blob, 0)
    wanted = subsetter.hb_subset_input_create_or_fail()
    try:
        unicodes = subsetter.hb_subset_input_unicode_set(wanted)
        for character in characters:
            harfbuzz.hb_set_add(unicodes, ord(character))
        reduced = subsetter.hb_subset_or_fail(face, wanted)
        if reduced == ffi.NULL:
            return None
        try:
            data = harfbuzz.hb_face_reference_blob(reduced)
            length = ffi.new("unsigned int *")
            content = bytes(ffi.buffer(harfbuzz.hb_blob_get_data(data, length), length[0]))
            harfbuzz.hb_blob_destroy(data)
        finally:
            harfbuzz.hb_face_destroy(reduced)
    finally:
        subsetter.hb_subset_input_destroy(wanted)
        harfbuzz.hb_face_destroy(face)
        harfbuzz.hb_blob_destroy(blob)
    return content or None


def _fonttools_subset(path: Path, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(path), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@cache
def subset_woff2(path: Path, characters: str) -> bytes:
    """The font at ``path`` reduced to ``characters`` (HarfBuzz, else fontTools), as WOFF2."""
    from fontTools.ttLib import TTFont

    reduced = _harfbuzz_subset(path, characters) or _fonttools_subset(path, characters)
    font = TTFont(BytesIO(reduced), recalcTimestamp=False)  # same bytes for the same input
    font.flavor = "woff2"
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()
