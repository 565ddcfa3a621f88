#!/usr/bin/python3
"""Reference assignments for ASSIGN_VARIANT, from the seed article's own router.

Writes assignments.csv: for several experiment names (one non-ASCII) and
traffic splits, the variant that the seed's ABTestRouter.get_variant gives
each unit, and the SHA-256 bucket of "name:unit" modulo 100 and 10,000.
Units are strings and integers (an integer unit is hashed as str(int)).

Run with Debian's Python: /usr/bin/python3 make_assignments.py
"""
import csv
import hashlib
import random


class Experiment:
    def __init__(self, name, traffic_split):
        self.name = name
        self.traffic_split = traffic_split


class ABTestRouter:
    """The seed's router, as printed in the article (get_variant only)."""

    def __init__(self, experiment):
        self.experiment = experiment

    def get_variant(self, user_id):
        hash_val = int(
            hashlib.sha256(f"{self.experiment.name}:{user_id}".encode()).hexdigest(), 16)
        if (hash_val % 100) / 100 < self.experiment.traffic_split:
            return "control"
        return "treatment"


def bucket(name, unit, buckets):
    return int(hashlib.sha256(f"{name}:{unit}".encode()).hexdigest(), 16) % buckets


def main():
    rng = random.Random(20261207)
    names = ["fraud_model_v2.1", "checkout", "Empfehlung_größe_ß", "推荐实验"]
    units = []
    for i in range(600):
        units.append("user_%d" % rng.randrange(10 ** 9))
    for i in range(300):
        units.append(rng.randrange(-(2 ** 63), 2 ** 63))
    units += ["", "é", "😀", 0, -1, 2 ** 63 - 1, -(2 ** 63)]
    splits = [50, 10, 33, 1, 99]
    with open("assignments.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["name", "unit_type", "unit", "split", "variant", "bucket100",
                      "bucket10000"])
        for name in names:
            for n, unit in enumerate(units):
                split = splits[n % len(splits)]
                router = ABTestRouter(Experiment(name, split / 100))
                out.writerow([name, "int" if isinstance(unit, int) else "str", unit, split,
                              router.get_variant(unit), bucket(name, unit, 100),
                              bucket(name, unit, 10000)])


if __name__ == "__main__":
    main()
