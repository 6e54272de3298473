import { radix } from "@orama/orama/trees";

/**
 * Note: search/embedded.server.ts no longer uses Orama's radix tree (it keeps its own vocabulary and typed
 * postings, and expands typos over the vocabulary before reading any posting), so it does not import this
 * module. It stays for any other code that builds on Orama's RadixTree, with its test.
 *
 * Orama 3.1.18's RadixNode.findAllWords de-duplicates the documents of a word with `Array.includes` while it
 * adds them, which is quadratic in the number of documents that contain the word. A word in most candidates'
 * headlines ("engineer") then takes tens of seconds at 100,000 candidates, on the event loop, which freezes the
 * server. Every caller resets `output[word]` to `[]` just before that loop and a node's documents are a Set, so
 * the check never finds anything: copying the Set gives the same arrays, in the same order, in linear time.
 *
 * The replacement is installed only over the exact code it was written against (the check below), and only
 * for calls without a tolerance (the only ones Orama's own search makes: typo tolerance goes through its
 * Levenshtein walk, which calls this with tolerance 0). search/orama-radix-fix.test.ts compares both.
 */
const prototype = radix.RadixNode.prototype;
const original = prototype.findAllWords;

export const quadraticFindAllWords: typeof original = original;

export const radixFixApplied: boolean = (() => {
  if ((original as { attestFixed?: boolean }).attestFixed) return true;
  if (!original.toString().includes("docs.includes(docID)")) return false; // a version that no longer needs it
  const linear: typeof original = function (this: radix.RadixNode, output, term, exact, tolerance) {
    if (tolerance) return original.call(this, output, term, exact, tolerance);
    const stack: radix.RadixNode[] = [this];
    while (stack.length > 0) {
      const node = stack.pop() as radix.RadixNode;
      if (node.e) {
        // As in the original, a word that is not the exact term also hides the words below it.
        if (exact && node.w !== term) continue;
        output[node.w] = Array.from(node.d);
      }
      for (const child of node.c.values()) stack.push(child);
    }
    return output;
  };
  (linear as { attestFixed?: boolean }).attestFixed = true;
  prototype.findAllWords = linear;
  return true;
})();
