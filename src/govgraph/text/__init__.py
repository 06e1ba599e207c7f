"""The bottom layer every stage uses: normalisation for matching, Chinese numerals, the GB/T 2260
division table and a report's place in it."""
