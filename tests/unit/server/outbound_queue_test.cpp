#include <catch2/catch.hpp>

#include "server/outbound_queue.hpp"

using namespace ibasho;

TEST_CASE("frames queue, batch together and release", "[queue]") {
    OutboundQueue q(1000, 100);
    auto a = make_frame("aaaa");
    auto b = make_frame("bb");
    CHECK(q.push(a) == SendResult::success);
    CHECK(q.push(b) == SendResult::success);
    CHECK(q.queued_bytes() == 5 + 3);
    REQUIRE(q.start_batch());
    CHECK(q.batch().size() == 2);
    CHECK(q.batch_bytes() == 4 + 1 + 2);  // one separator between two frames
    CHECK_FALSE(q.start_batch());         // one batch in flight at a time
    CHECK(q.push(make_frame("c")) == SendResult::success);
    q.finish_batch();
    CHECK(q.queued_bytes() == 2);
    REQUIRE(q.start_batch());
    CHECK(q.batch().size() == 1);
    q.finish_batch();
    CHECK(q.empty());
    CHECK(q.queued_bytes() == 0);
}

TEST_CASE("the byte bound drops instead of growing", "[queue]") {
    OutboundQueue q(100, 1000);
    const auto frame = make_frame(std::string(30, 'x'));
    CHECK(q.push(frame) == SendResult::success);
    CHECK(q.push(frame) == SendResult::backpressure);  // 62 of 100
    CHECK(q.push(frame) == SendResult::backpressure);  // 93 of 100
    CHECK(q.push(frame) == SendResult::dropped);
    CHECK(q.queued_bytes() == 93);
    CHECK(q.discard_pending() == 93);
    CHECK(q.queued_bytes() == 0);
}

TEST_CASE("the frame-count bound drops too", "[queue]") {
    OutboundQueue q(1 << 20, 4);
    const auto frame = make_frame("x");
    for (int i = 0; i < 4; ++i) {
        CHECK(q.push(frame) != SendResult::dropped);
    }
    CHECK(q.push(frame) == SendResult::dropped);
}

TEST_CASE("a batch stops growing at the batch byte cap but always takes one", "[queue]") {
    OutboundQueue q(4 << 20, 1000);
    const auto big = make_frame(std::string(OutboundQueue::max_batch_bytes + 10, 'b'));
    const auto small = make_frame(std::string(1000, 's'));
    CHECK(q.push(big) != SendResult::dropped);
    CHECK(q.push(small) != SendResult::dropped);
    REQUIRE(q.start_batch());
    CHECK(q.batch().size() == 1);
    q.finish_batch();
    for (int i = 0; i < 300; ++i) {
        q.push(small);
    }
    REQUIRE(q.start_batch());
    CHECK(q.batch_bytes() <= OutboundQueue::max_batch_bytes);
    CHECK(q.batch().size() < 300);
}

TEST_CASE("discard keeps the in-flight batch", "[queue]") {
    OutboundQueue q(1000, 100);
    q.push(make_frame("one"));
    REQUIRE(q.start_batch());
    q.push(make_frame("two"));
    CHECK(q.discard_pending() == 4);
    CHECK(q.writing());
    CHECK(q.queued_bytes() == 4);
    q.finish_batch();
    CHECK(q.empty());
}

TEST_CASE("a queue that never empties keeps its storage bounded", "[queue]") {
    // 100 KiB frames: a batch (capped at 256 KiB) takes two, three arrive each round, so the
    // queue is never empty and sent entries must be compacted away, not kept forever.
    OutboundQueue q(64u << 20, 100000);
    const auto frame = make_frame(std::string(100 * 1024, 'x'));
    for (int round = 0; round < 300; ++round) {
        for (int i = 0; i < 3; ++i) {
            REQUIRE(q.push(frame) != SendResult::dropped);
        }
        REQUIRE(q.start_batch());
        CHECK(q.batch().size() == 2);
        q.finish_batch();
        REQUIRE_FALSE(q.empty());
        CHECK(q.slots() <= 2 * q.queued_frames() + 64);
    }
    CHECK(q.queued_frames() == 300);
    CHECK(q.queued_bytes() == 300 * (100 * 1024 + 1));
    while (q.start_batch()) {
        q.finish_batch();
    }
    CHECK(q.empty());
    CHECK(q.slots() == 0);
    CHECK(q.queued_bytes() == 0);
}

TEST_CASE("a reply the client asked for has its own allowance beside the rooms' frames",
          "[queue]") {
    OutboundQueue q(100, 1000);
    const auto room = make_frame(std::string(29, 'r'));   // 30 bytes queued
    const auto reply = make_frame(std::string(59, 'l'));  // 60 bytes queued
    CHECK(q.push(room) == SendResult::success);
    CHECK(q.push(room) == SendResult::backpressure);  // 60 of 100 room bytes
    // The requested reply does not count against the rooms' bound...
    CHECK(q.push_reply(reply) == SendResult::backpressure);  // 60 of 100 reply bytes
    CHECK(q.queued_bytes() == 120);
    CHECK(q.reply_bytes() == 60);
    // ...and does not make the next room frame look like a slow consumer's.
    CHECK(q.push(room) == SendResult::backpressure);  // 90 of 100
    CHECK(q.push(room) == SendResult::dropped);
    // Replies past their own allowance are dropped too: a client asking faster than it reads.
    CHECK(q.push_reply(reply) == SendResult::dropped);

    // Bytes are released by kind as the frames leave.
    REQUIRE(q.start_batch());
    CHECK(q.batch().size() == 4);
    q.finish_batch();
    CHECK(q.queued_bytes() == 0);
    CHECK(q.reply_bytes() == 0);
    CHECK(q.push_reply(reply) != SendResult::dropped);
    CHECK(q.push_reply(make_frame(std::string(38, 'l'))) != SendResult::dropped);
    CHECK(q.reply_bytes() == 99);
}

TEST_CASE("reply bytes follow their frames through partial batches and discards", "[queue]") {
    OutboundQueue q(1 << 20, 1000);
    const auto room = make_frame("room");    // 5 bytes
    const auto reply = make_frame("reply");  // 6 bytes
    q.push(room);
    q.push_reply(reply);
    REQUIRE(q.start_batch());  // room + reply in flight
    q.push(room);
    q.push_reply(reply);
    q.push_reply(reply);
    CHECK(q.reply_bytes() == 18);
    // The two pending replies go with the discard; the one in flight stays until written.
    CHECK(q.discard_pending() == 5 + 6 + 6);
    CHECK(q.reply_bytes() == 6);
    q.push_reply(reply);
    q.push(room);
    CHECK(q.reply_bytes() == 12);
    q.finish_batch();
    CHECK(q.reply_bytes() == 6);
    REQUIRE(q.start_batch());
    q.finish_batch();
    CHECK(q.reply_bytes() == 0);
    CHECK(q.queued_bytes() == 0);
    q.release_memory();
    CHECK(q.push_reply(reply) == SendResult::success);
    CHECK(q.reply_bytes() == 6);
}
