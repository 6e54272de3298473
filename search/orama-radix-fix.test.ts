import { radix } from "@orama/orama/trees";
import { quadraticFindAllWords, radixFixApplied } from "#search/orama-radix-fix";

function buildTree(): radix.RadixTree {
  const tree = new radix.RadixTree();
  const words = ["engineer", "engineers", "engine", "eng", "english", "python", "pythonic", "py", "rust", "ruby"];
  let doc = 1;
  for (const word of words) {
    for (let i = 0; i < 5; i++) tree.insert(word, doc++);
    tree.insert(word, 1); // one document shared by every word
  }
  tree.insert("orphan", 99);
  tree.removeDocumentByWord("orphan", 99); // a word node left without documents
  return tree;
}

describe("the linear findAllWords replacing Orama's quadratic one", () => {
  test("is installed over Orama 3.1.18", () => {
    expect(radixFixApplied).toBe(true);
    expect(radix.RadixNode.prototype.findAllWords).not.toBe(quadraticFindAllWords);
  });

  test.each([
    ["", false],
    ["eng", false],
    ["engineer", false],
    ["engineer", true],
    ["py", false],
    ["py", true],
    ["orphan", false],
    ["zzz", false],
  ])("gives the same words, documents and order as the original for %j (exact: %s)", (term, exact) => {
    const tree = buildTree();
    const expected = quadraticFindAllWords.call(tree, {}, term, exact, 0);
    const actual = tree.findAllWords({}, term, exact, 0);
    expect(Object.entries(actual)).toEqual(Object.entries(expected));
  });

  test("gives the same answers through Orama's own find, with and without typo tolerance", () => {
    const tree = buildTree();
    const withOriginal = (params: { term: string; exact?: boolean; tolerance?: number }) => {
      const patched = radix.RadixNode.prototype.findAllWords;
      radix.RadixNode.prototype.findAllWords = quadraticFindAllWords;
      try {
        return tree.find(params);
      } finally {
        radix.RadixNode.prototype.findAllWords = patched;
      }
    };
    for (const params of [
      { term: "engineer" },
      { term: "enginer", tolerance: 1 },
      { term: "pyton", tolerance: 1 },
      { term: "rubx", tolerance: 2 },
      { term: "python", exact: true },
    ]) {
      expect(Object.entries(tree.find(params))).toEqual(Object.entries(withOriginal(params)));
    }
  });

  test("is linear in the documents of a word", () => {
    const tree = new radix.RadixTree();
    const documents = 100_000;
    for (let doc = 1; doc <= documents; doc++) tree.insert("engineer", doc);
    const started = performance.now();
    const found = tree.findAllWords({}, "engineer", false, 0);
    const elapsed = performance.now() - started;
    expect(found.engineer).toHaveLength(documents);
    // The quadratic version needs about 5·10⁹ comparisons here (seconds); the linear one a few milliseconds.
    expect(elapsed).toBeLessThan(500);
  });
});
