import { describe, expect, it } from "vitest";
import { SortedWords } from "../../../knowledge/retrieval/sorted-words.ts";

describe("SortedWords", () => {
  const words = SortedWords.of(["zoë", "amara", "o'neill", "al-amin", "amara", "bo", "łukasz", "a"]);

  it("holds each distinct word once", () => {
    expect(words.size).toBe(7);
  });

  it("finds every word it was given, first, last and between", () => {
    for (const w of ["a", "al-amin", "amara", "bo", "o'neill", "zoë", "łukasz"])
      expect(words.has(w)).toBe(true);
  });

  it("finds no word it was not given, nor a part or an extension of one", () => {
    for (const w of ["", "am", "amaras", "b", "bob", "zo", "o'neil", "łukasz "])
      expect(words.has(w)).toBe(false);
  });

  it("is empty for no words", () => {
    const none = SortedWords.of([]);
    expect(none.size).toBe(0);
    expect(none.has("a")).toBe(false);
  });
});
