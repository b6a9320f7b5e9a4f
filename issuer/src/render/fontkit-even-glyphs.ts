/**
 * @pdf-lib/fontkit with one defect worked around: its TrueType subsetter writes the `loca`
 * table in the short format (offsets stored halved, OpenType spec "loca" §) whenever the
 * subset is under 128 KiB, but copies glyph records as they are, and a record of odd length
 * shifts every later offset by one byte. Viewers then draw most CJK glyphs blank while the
 * text still extracts (Hopding/pdf-lib#1232; fixed in upstream fontkit 1.8, never in the
 * fork pdf-lib uses). Padding each copied record to an even length, as the spec recommends
 * for the short format, makes the halved offsets exact again.
 */
import fontkit from '@pdf-lib/fontkit';

type Fontkit = typeof fontkit;

/** The members of fontkit's internal TTFSubset this adapter touches. */
interface TtfSubsetInternals {
  glyf?: Uint8Array[];
  offset?: number;
  _addGlyph?: (gid: number) => number;
}

function padGlyphRecords(subset: TtfSubsetInternals): void {
  const addGlyph = subset._addGlyph;
  // CFF subsets have no glyf table and no _addGlyph: nothing to pad.
  if (typeof addGlyph !== 'function') return;

  subset._addGlyph = function (this: TtfSubsetInternals, gid: number): number {
    const index = addGlyph.call(this, gid);
    const record = this.glyf?.[index];
    if (this.glyf && record && record.length % 2 === 1) {
      // The same class as the record (fontkit bundles its own Buffer polyfill, and its
      // stream writer accepts only that): a zero-filled copy one byte longer.
      const Same = record.constructor as new (length: number) => Uint8Array;
      const padded = new Same(record.length + 1);
      padded.fill(0);
      padded.set(record);
      this.glyf[index] = padded;
      this.offset = (this.offset ?? 0) + 1;
    }
    return index;
  };
}

/**
 * A drop-in for `@pdf-lib/fontkit` to pass to `PDFDocument.registerFontkit`.
 *
 * @example
 * const doc = await PDFDocument.create();
 * doc.registerFontkit(evenGlyphFontkit);
 * const font = await doc.embedFont(ttfBytes, { subset: true });
 */
export const evenGlyphFontkit: Fontkit = {
  ...fontkit,
  create(buffer, postscriptName) {
    const font = fontkit.create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      padGlyphRecords(subset as unknown as TtfSubsetInternals);
      return subset;
    };
    return font;
  },
};
