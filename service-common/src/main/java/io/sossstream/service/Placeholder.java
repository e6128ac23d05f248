package io.sossstream.service;

final class Placeholder {
}
