package org.renfort.servicekit;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beyond the limit a unary call is refused at once; every way a call ends gives its place back; streams are not counted. */
class InFlightLimitTest {
    final InFlightLimit limit = new InFlightLimit(2);

    @Test
    void theCallBeyondTheLimitIsRefusedUnavailableAndAnEndedCallGivesItsPlaceBack() {
        FakeCall first = new FakeCall(MethodDescriptor.MethodType.UNARY);
        FakeCall second = new FakeCall(MethodDescriptor.MethodType.UNARY);
        FakeCall third = new FakeCall(MethodDescriptor.MethodType.UNARY);
        ServerCall.Listener<String> firstListener = start(first);
        start(second);
        start(third);
        assertEquals(Status.Code.UNAVAILABLE, third.closedWith.getCode());
        assertTrue(third.closedWith.getDescription().contains("2 calls already in progress"), third.closedWith::getDescription);
        assertEquals(2, limit.inFlight(), "a refused call takes no place");

        first.served.close(Status.OK, new Metadata()); // the service answers
        firstListener.onComplete();                    // then the transport says so: counted once
        assertEquals(1, limit.inFlight());
        FakeCall fourth = new FakeCall(MethodDescriptor.MethodType.UNARY);
        start(fourth);
        assertEquals(null, fourth.closedWith, "a place was free again");
    }

    @Test
    void aCancelledCallOrOneClosedByAnotherInterceptorEndsToo() {
        FakeCall cancelled = new FakeCall(MethodDescriptor.MethodType.UNARY);
        start(cancelled).onCancel();
        FakeCall refusedElsewhere = new FakeCall(MethodDescriptor.MethodType.UNARY);
        ServerCall.Listener<String> listener = start(refusedElsewhere);
        refusedElsewhere.close(Status.INVALID_ARGUMENT, new Metadata()); // closed on the original call, not through the limit
        listener.onComplete();
        assertEquals(0, limit.inFlight());
    }

    @Test
    void streamsAreNotCountedAndAServiceThatThrowsAtStartGivesItsPlaceBack() {
        for (int i = 0; i < 5; i++) {
            start(new FakeCall(MethodDescriptor.MethodType.SERVER_STREAMING));
        }
        assertEquals(0, limit.inFlight());
        FakeCall failing = new FakeCall(MethodDescriptor.MethodType.UNARY);
        assertThrows(IllegalStateException.class, () -> limit.interceptCall(failing, new Metadata(), (call, headers) -> {
            throw new IllegalStateException("broken handler");
        }));
        assertEquals(0, limit.inFlight());
        assertThrows(IllegalArgumentException.class, () -> new InFlightLimit(0));
    }

    private ServerCall.Listener<String> start(FakeCall call) {
        return limit.interceptCall(call, new Metadata(), (served, headers) -> {
            call.served = served;
            return new ServerCall.Listener<>() {
            };
        });
    }

    /** A call as the transport hands it over: records how it was closed. */
    static final class FakeCall extends ServerCall<String, String> {
        final MethodDescriptor<String, String> method;
        Status closedWith;
        ServerCall<String, String> served;

        FakeCall(MethodDescriptor.MethodType type) {
            MethodDescriptor.Marshaller<String> text = new MethodDescriptor.Marshaller<>() {
                public InputStream stream(String value) {
                    return new ByteArrayInputStream(value.getBytes());
                }

                public String parse(InputStream stream) {
                    return "";
                }
            };
            method = MethodDescriptor.<String, String>newBuilder().setType(type).setFullMethodName("test/Method")
                    .setRequestMarshaller(text).setResponseMarshaller(text).build();
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(String message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closedWith = status;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<String, String> getMethodDescriptor() {
            return method;
        }
    }
}
