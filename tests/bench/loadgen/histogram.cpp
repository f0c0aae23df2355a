#include "tests/bench/loadgen/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ibasho::bench {
namespace {

// Values below 128 get a bucket each; above, each power of two is cut into 64 equal parts.
constexpr unsigned linear_limit = 128;
constexpr unsigned sub_buckets = 64;
constexpr unsigned bucket_count = linear_limit + (64 - 7) * sub_buckets;

unsigned index_of(std::uint64_t v) {
    if (v < linear_limit) {
        return static_cast<unsigned>(v);
    }
    const unsigned msb = 63 - static_cast<unsigned>(std::countl_zero(v));
    const unsigned shift = msb - 6;  // keeps the top seven bits: 64..127
    const auto mantissa = static_cast<unsigned>(v >> shift);
    return linear_limit + (msb - 7) * sub_buckets + (mantissa - sub_buckets);
}

std::uint64_t midpoint_of(unsigned index) {
    if (index < linear_limit) {
        return index;
    }
    const unsigned k = index - linear_limit;
    const unsigned shift = k / sub_buckets + 1;
    const std::uint64_t mantissa = sub_buckets + k % sub_buckets;
    const std::uint64_t low = mantissa << shift;
    const std::uint64_t width = std::uint64_t{1} << shift;
    return low + width / 2;
}

}  // namespace

Histogram::Histogram() : buckets_(bucket_count, 0) {}

void Histogram::record(std::uint64_t value) {
    ++buckets_[index_of(value)];
    ++count_;
    max_ = std::max(max_, value);
    sum_ += static_cast<long double>(value);
}

void Histogram::merge(const Histogram& other) {
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        buckets_[i] += other.buckets_[i];
    }
    count_ += other.count_;
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

double Histogram::mean() const {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

std::uint64_t Histogram::quantile(double q) const {
    if (count_ == 0) {
        return 0;
    }
    q = std::clamp(q, 0.0, 1.0);
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (unsigned i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) {
            return std::min(midpoint_of(i), max_);
        }
    }
    return max_;
}

}  // namespace ibasho::bench
