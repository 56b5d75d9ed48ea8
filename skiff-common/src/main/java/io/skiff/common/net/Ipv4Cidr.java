package io.skiff.common.net;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 CIDR block: the network address (host bits zero) and the prefix length, e.g. {@code 10.42.1.0/24}.
 *
 * @param network the network address as an unsigned 32-bit value in an {@code int}
 * @param prefix  the prefix length, 0..32
 */
public record Ipv4Cidr(int network, int prefix) {
  private static final Pattern SHAPE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  public Ipv4Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("an IPv4 prefix length is 0..32: " + prefix);
    }
    if ((network & ~mask(prefix)) != 0) {
      throw new IllegalArgumentException("the address " + format(network) + " has host bits set for /" + prefix);
    }
  }

  /** Parses {@code a.b.c.d/n}; host bits must be zero (Go's {@code net.ParseCIDR} would mask them, Kubernetes' IPAM refuses them). */
  public static Ipv4Cidr parse(String text) {
    Matcher m = SHAPE.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an IPv4 CIDR (a.b.c.d/n): " + text);
    }
    int prefix = Integer.parseInt(m.group(5));
    int address = octets(m, text);
    if (prefix > 32) {
      throw new IllegalArgumentException("an IPv4 prefix length is 0..32: " + text);
    }
    if ((address & ~mask(prefix)) != 0) {
      throw new IllegalArgumentException("the CIDR " + text + " has host bits set (did you mean " + format(address & mask(prefix)) + "/" + prefix + "?)");
    }
    return new Ipv4Cidr(address, prefix);
  }

  /** Parses a dotted IPv4 address. */
  public static int parseAddress(String text) {
    Matcher m = ADDRESS.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    return octets(m, text);
  }

  private static int octets(Matcher m, String text) {
    int address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + text);
      }
      address = (address << 8) | octet;
    }
    return address;
  }

  /** The netmask of a prefix length as a 32-bit value. */
  static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** Prints a 32-bit address dotted. */
  public static String format(int address) {
    return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
  }

  /** Whether the address (dotted) lies in this block. */
  public boolean contains(String address) {
    return contains(parseAddress(address));
  }

  public boolean contains(int address) {
    return (address & mask(prefix)) == network;
  }

  /** Whether {@code other} lies wholly inside this block. */
  public boolean contains(Ipv4Cidr other) {
    return other.prefix >= prefix && contains(other.network);
  }

  /** How many blocks of length {@code subPrefix} this one holds. */
  public long subnetCount(int subPrefix) {
    if (subPrefix < prefix || subPrefix > 32) {
      throw new IllegalArgumentException("/" + subPrefix + " does not divide /" + prefix);
    }
    return 1L << (subPrefix - prefix);
  }

  /** The {@code index}-th block of length {@code subPrefix} inside this one. */
  public Ipv4Cidr subnet(int subPrefix, long index) {
    if (index < 0 || index >= subnetCount(subPrefix)) {
      throw new IllegalArgumentException("subnet index " + index + " is outside " + this + " for /" + subPrefix);
    }
    return new Ipv4Cidr(network + (int) (index << (32 - subPrefix)), subPrefix);
  }

  /** Where {@code sub} lies among the blocks of its length inside this one. */
  public long indexOf(Ipv4Cidr sub) {
    if (!contains(sub)) {
      throw new IllegalArgumentException(sub + " is not inside " + this);
    }
    return Integer.toUnsignedLong(sub.network - network) >>> (32 - sub.prefix);
  }

  /** The {@code n}-th address of the block (1 is the usual gateway). */
  public String address(long n) {
    return format(network + (int) n);
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefix;
  }
}
