package dev.sorrel.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sends a metadata answer (a few hundred rows at most) as one Arrow batch in
 * one of Flight SQL's fixed metadata schemas. Values are given per row, in the
 * schema's column order: String, Integer, Boolean, byte[] or List of String,
 * or null.
 */
final class MetadataRows {
  private MetadataRows() {
  }

  static void send(Schema schema, List<Object[]> rows, BufferAllocator allocator,
      ServerStreamListener listener) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int r = 0; r < rows.size(); r++) {
        final Object[] row = rows.get(r);
        for (int c = 0; c < row.length; c++) {
          set(root.getVector(c), r, row[c]);
        }
      }
      for (FieldVector vector : root.getFieldVectors()) {
        vector.setValueCount(rows.size());
      }
      root.setRowCount(rows.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }

  private static void set(FieldVector vector, int row, Object value) {
    if (value == null) {
      if (vector instanceof ListVector list) {
        list.setNull(row);
      } else {
        vector.setNull(row);
      }
      return;
    }
    if (vector instanceof VarCharVector v) {
      v.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof IntVector v) {
      v.setSafe(row, ((Number) value).intValue());
    } else if (vector instanceof UInt1Vector v) {
      v.setSafe(row, ((Number) value).intValue());
    } else if (vector instanceof BitVector v) {
      v.setSafe(row, ((Boolean) value) ? 1 : 0);
    } else if (vector instanceof VarBinaryVector v) {
      v.setSafe(row, (byte[]) value);
    } else if (vector instanceof ListVector v) {
      final UnionListWriter writer = v.getWriter();
      writer.setPosition(row);
      writer.startList();
      for (Object item : (List<?>) value) {
        final byte[] bytes = item.toString().getBytes(StandardCharsets.UTF_8);
        try (var buffer = v.getAllocator().buffer(bytes.length)) {
          buffer.setBytes(0, bytes);
          writer.varChar().writeVarChar(0, bytes.length, buffer);
        }
      }
      writer.endList();
    } else {
      throw new IllegalStateException("no metadata writer for " + vector.getField());
    }
  }
}
