/** File name of the example PySpark script in its ConfigMap and under the mount path. */
export const EXAMPLE_SCRIPT = 'iceberg_example.py';
/** Where the driver mounts the ConfigMap. */
export const EXAMPLE_MOUNT = '/opt/datalyptica/jobs';
/** The Iceberg table the example owns, in the Nessie catalog. */
export const EXAMPLE_TABLE = 'nessie.demo.events';

/**
 * The example application: `roundtrip` creates the Iceberg table through Nessie, appends a batch,
 * reads it back and fails unless the batch is there; `compact` (the nightly run) rewrites small
 * data files with Iceberg's `rewrite_data_files` procedure. Plain text so the ConfigMap is stable.
 */
export const EXAMPLE_SCRIPT_SOURCE = `"""Datalyptica example: write and read an Iceberg table through the Nessie catalog."""
import argparse
import sys
import uuid

from pyspark.sql import SparkSession, functions as F


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["roundtrip", "compact"], default="roundtrip")
    parser.add_argument("--table", default="${EXAMPLE_TABLE}")
    args = parser.parse_args()

    spark = SparkSession.builder.appName(f"datalyptica-iceberg-{args.mode}").getOrCreate()
    catalog, namespace, name = args.table.split(".")
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {catalog}.{namespace}")
    spark.sql(
        f"CREATE TABLE IF NOT EXISTS {args.table} "
        "(id STRING, kind STRING, amount DOUBLE, created_at TIMESTAMP) "
        "USING iceberg PARTITIONED BY (days(created_at))"
    )

    if args.mode == "compact":
        spark.sql(f"CALL {catalog}.system.rewrite_data_files(table => '{namespace}.{name}')").show()
        spark.stop()
        return 0

    batch = str(uuid.uuid4())
    rows = (
        spark.range(0, 1000)
        .withColumn("id", F.concat(F.lit(batch + "-"), F.col("id").cast("string")))
        .withColumn("kind", F.when(F.col("id").endswith("0"), F.lit("refund")).otherwise(F.lit("sale")))
        .withColumn("amount", F.rand(seed=42) * 100)
        .withColumn("created_at", F.current_timestamp())
        .select("id", "kind", "amount", "created_at")
    )
    rows.writeTo(args.table).append()

    written = spark.table(args.table).where(F.col("id").startswith(batch + "-")).count()
    spark.sql(f"SELECT kind, count(*) AS n, round(sum(amount), 2) AS total FROM {args.table} GROUP BY kind").show()
    spark.stop()
    if written != 1000:
        print(f"expected 1000 rows of batch {batch}, read {written}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;
