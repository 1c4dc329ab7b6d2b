"""One union-find for the readers that group things by what touches what: rulings that
cross into one grid, grid regions with no ruling between them into one merged cell."""

from __future__ import annotations


class DisjointSets:
    """Items 0 … n-1, each in one group; `union` joins two groups (path halving keeps
    `find` near constant on the long chains a ruled table makes)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[int]]:
        """The groups, each in item order, in the order of their first item."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())
