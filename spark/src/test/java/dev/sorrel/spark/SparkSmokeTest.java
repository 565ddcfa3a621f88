package dev.sorrel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSmokeTest {
  @Test
  void localSessionRuns() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("t")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<Row> rows = spark.sql("SELECT id * 2 AS x FROM range(5)").collectAsList();
      assertEquals(5, rows.size());
      assertEquals(8L, rows.get(4).getLong(0));
    } finally {
      spark.stop();
    }
  }
}
