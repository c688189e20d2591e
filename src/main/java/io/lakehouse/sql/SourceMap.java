package io.lakehouse.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A text assembled from pieces of a source text (copied verbatim, in any order) and inserted text, and the way back
 * from an offset in it to an offset in the source: a copied character maps to where it was copied from, inserted
 * text to the source offset it stands for. Maps chain, so a rewrite of a rewrite still points into the user's text.
 */
final class SourceMap {
  /** Pieces in text order: {start in the text, length, start in the source, 1 if copied / 0 if inserted}. */
  private final List<int[]> pieces;
  /** The map of the source itself, when the source is a rewrite too; null when the source is the user's text. */
  private final SourceMap sourceMap;

  private SourceMap(List<int[]> pieces, SourceMap sourceMap) {
    this.pieces = pieces;
    this.sourceMap = sourceMap;
  }

  /** The map of a text that is its source, unchanged. */
  static SourceMap identity(int length) {
    List<int[]> pieces = new ArrayList<>();
    pieces.add(new int[] {0, length, 0, 1});
    return new SourceMap(pieces, null);
  }

  /** This map, applied after {@code earlier}: offsets end up in earlier's source. */
  SourceMap after(SourceMap earlier) {
    return new SourceMap(pieces, sourceMap == null ? earlier : sourceMap.after(earlier));
  }

  /** The source offset of a text offset (the end of the text maps to the end of what was copied last). */
  int toSource(int offset) {
    int source = local(offset);
    return sourceMap == null ? source : sourceMap.toSource(source);
  }

  private int local(int offset) {
    int[] found = null;
    int lo = 0;
    int hi = pieces.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int[] p = pieces.get(mid);
      if (offset < p[0]) {
        hi = mid - 1;
      } else {
        found = p;
        lo = mid + 1;
      }
    }
    if (found == null) {
      return 0;
    }
    if (found[3] == 0) {
      return found[2];
    }
    return found[2] + Math.min(offset - found[0], found[1]);
  }

  /**
   * Where the text standing for a source offset starts: the first piece, in text order, that copies the offset or
   * was inserted for it (text inserted before a copied expression, as the {@code CAST(} of {@code x::T}, is where
   * the parser places the rewritten expression); -1 when that part of the source is not in the text. Only this
   * map's own step, not earlier ones.
   */
  int toText(int sourceOffset) {
    for (int[] p : pieces) {
      if (p[3] == 1 && sourceOffset >= p[2] && sourceOffset < p[2] + p[1] || p[3] == 0 && p[2] == sourceOffset) {
        return p[3] == 1 ? p[0] + sourceOffset - p[2] : p[0];
      }
    }
    return -1;
  }

  /** Builds a text from a source, piece by piece. */
  static final class Builder {
    private final String source;
    private final StringBuilder out = new StringBuilder();
    private final List<int[]> pieces = new ArrayList<>();
    /** For {@link #replace}: how far the source has been copied in order. */
    private int copied;

    Builder(String source) {
      this.source = source;
    }

    /** Appends source text [start, end). */
    Builder copy(int start, int end) {
      if (end > start) {
        pieces.add(new int[] {out.length(), end - start, start, 1});
        out.append(source, start, end);
      }
      return this;
    }

    /** Appends text that stands for the source offset {@code anchor}. */
    Builder insert(String text, int anchor) {
      if (!text.isEmpty()) {
        pieces.add(new int[] {out.length(), text.length(), anchor, 0});
        out.append(text);
      }
      return this;
    }

    /**
     * For rewrites that keep the source's order: copies the source up to {@code start}, puts the replacement in
     * place of [start, end) and continues after it.
     *
     * @return where the replacement starts in the text
     */
    int replace(int start, int end, String replacement) {
      copy(copied, start);
      int at = out.length();
      insert(replacement, start);
      copied = end;
      return at;
    }

    /** For {@link #replace} rewrites: the length the text will have at {@code sourceOffset} (not yet copied). */
    int lengthAt(int sourceOffset) {
      return out.length() + (sourceOffset - copied);
    }

    /** Copies the rest of the source (for {@link #replace} rewrites) and returns the text. */
    String finishInOrder() {
      copy(copied, source.length());
      copied = source.length();
      return out.toString();
    }

    String text() {
      return out.toString();
    }

    SourceMap map() {
      return new SourceMap(List.copyOf(pieces), null);
    }
  }
}
