package io.skiff.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

/** The health protocol's two messages on the wire, and gRPC's length prefix around them. */
class GrpcHealthTest {

  @Test
  void aRequestIsTheServiceInFieldOneBehindTheLengthPrefix() {
    assertThat(GrpcHealth.request("a")).containsExactly(0, 0, 0, 0, 3, 0x0a, 1, 'a');
    assertThat(GrpcHealth.request("")).containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void aResponsesStatusIsFieldOneAndZeroWhenAbsent() throws InvalidProtocolBufferException {
    assertThat(GrpcHealth.status(new byte[] {0x08, 0x01})).isEqualTo(1);
    assertThat(GrpcHealth.status(new byte[] {0x08, 0x02})).isEqualTo(2);
    assertThat(GrpcHealth.status(new byte[0])).isZero();
    assertThat(GrpcHealth.status(new byte[] {0x12, 0x01, 'x', 0x08, 0x01})).as("unknown fields are skipped").isEqualTo(1);
    assertThatThrownBy(() -> GrpcHealth.status(new byte[] {0x08})).isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void aResponseRoundTripsThroughItsFrame() throws InvalidProtocolBufferException {
    assertThat(GrpcHealth.unframe(GrpcHealth.response(2))).isInstanceOfSatisfying(GrpcHealth.Message.class,
        m -> assertThat(m.bytes()).containsExactly(0x08, 0x02));
    assertThat(GrpcHealth.service(((GrpcHealth.Message) GrpcHealth.unframe(GrpcHealth.request("web"))).bytes())).isEqualTo("web");
  }

  @Test
  void aBodyThatIsNotExactlyOneUncompressedMessageIsMalformed() {
    assertThat(GrpcHealth.unframe(new byte[0])).isEqualTo(
        new GrpcHealth.Malformed("cardinality violation: expected <Message> for non server-streaming RPCs, but received <EOF>"));
    assertThat(GrpcHealth.unframe(new byte[] {0, 0, 0, 0, 5, 0x08})).isEqualTo(new GrpcHealth.Malformed("unexpected EOF"));
    assertThat(GrpcHealth.unframe(new byte[] {1, 0, 0, 0, 0})).isEqualTo(
        new GrpcHealth.Malformed("grpc: compressed flag set with identity or empty encoding"));
    assertThat(GrpcHealth.unframe(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).isInstanceOf(GrpcHealth.Malformed.class);
  }

  @Test
  void statusNamesAreGosAndUnknownNumbersPrintAsNumbers() {
    assertThat(GrpcHealth.ServingStatus.name(2)).isEqualTo("NOT_SERVING");
    assertThat(GrpcHealth.ServingStatus.name(7)).isEqualTo("7");
    assertThat(GrpcCode.name(5)).isEqualTo("NotFound");
    assertThat(GrpcCode.name(17)).isEqualTo("Code(17)");
  }
}
