import Testing

@testable import Delivery

@Suite("Hashing")
struct HashingTests {
    @Test("SHA-256 matches the FIPS 180-2 vectors")
    func sha256KnownVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(twoBlocks) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.digest(Array("abc".utf8)).count == 32)
    }

    @Test("SHA-256 of a million 'a's matches the FIPS 180-2 long vector")
    func sha256LongMessage() {
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("HMAC-SHA256 matches RFC 4231", arguments: HMACVector.rfc4231)
    func hmacRFC4231(vector: HMACVector) {
        #expect(HMACSHA256.hex(key: vector.key, message: vector.message) == vector.tag)
        #expect(HMACSHA256.compute(key: vector.key, message: vector.message).count == 32)
    }

    @Test("HMAC-SHA256 accepts an empty key and an empty message")
    func hmacEmptyInputs() {
        // openssl dgst -sha256 -mac HMAC -macopt hexkey: </dev/null
        #expect(
            HMACSHA256.hex(key: [], message: [])
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test("constant-time comparison tells equal tags from different ones")
    func constantTimeEquals() {
        let tag = HMACSHA256.compute(key: Array("k".utf8), message: Array("m".utf8))
        var changed = tag
        changed[31] ^= 1
        #expect(HMACSHA256.constantTimeEquals(tag, tag))
        #expect(!HMACSHA256.constantTimeEquals(tag, changed))
        #expect(!HMACSHA256.constantTimeEquals(tag, Array(tag.dropLast())))
    }
}

struct HMACVector: Sendable, CustomTestStringConvertible {
    var name: String
    var key: [UInt8]
    var message: [UInt8]
    var tag: String
    var testDescription: String { name }

    static let rfc4231 = [
        HMACVector(
            name: "test case 1: a 20-byte key", key: [UInt8](repeating: 0x0b, count: 20),
            message: Array("Hi There".utf8), tag: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        HMACVector(
            name: "test case 2: a key shorter than the block", key: Array("Jefe".utf8),
            message: Array("what do ya want for nothing?".utf8),
            tag: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        HMACVector(
            name: "test case 6: a key longer than the block, hashed first", key: [UInt8](repeating: 0xaa, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            tag: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ]
}
