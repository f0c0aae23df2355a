// A log-linear latency histogram in the spirit of HdrHistogram: 64 linear sub-buckets per power
// of two, so any recorded value is reported within 1.6 %, in constant memory and O(1) per record.
#pragma once

#include <cstdint>
#include <vector>

namespace ibasho::bench {

class Histogram {
  public:
    Histogram();

    void record(std::uint64_t value);
    void merge(const Histogram& other);

    std::uint64_t count() const { return count_; }
    std::uint64_t max() const { return max_; }
    double mean() const;

    // The value below which a fraction q (0..1) of the records lie; 0 when empty. The bucket's
    // midpoint is returned, clamped to the exact maximum.
    std::uint64_t quantile(double q) const;

  private:
    std::vector<std::uint64_t> buckets_;
    std::uint64_t count_ = 0;
    std::uint64_t max_ = 0;
    long double sum_ = 0;
};

}  // namespace ibasho::bench
