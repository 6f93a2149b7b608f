# shellcheck shell=sh
# perl with threads (ithreads) and a file.
. "${0%/*}/common.sh"
mkdir -p other
/usr/bin/perl -Mthreads -Mstrict -Mwarnings -e '
my ($n, $file) = @ARGV;
my @t = map { my $k = $_; threads->create(sub { my $s = 0; $s += $_ for 1 .. $k * 1000; $s }) } 1 .. $n;
my @sums = map { $_->join } @t;
die "threads: @sums" unless @sums == $n && $sums[0] == 500500;
open my $f, ">", $file or die "$file: $!";
print $f "$_\n" for @sums;
close $f or die;
open $f, "<", $file or die;
my @back = <$f>;
die "read back" unless @back == $n;
print "threads $n\n";
' "$(pick 2 5)" "$W/$(pick sums.txt other/sums-two.txt)"
done_ok perl
